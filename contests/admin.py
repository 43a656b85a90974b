from django.contrib import admin

from .models import Attempt, Choice, Question, Quiz


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    show_change_link = True


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 4


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "lesson", "campaign", "pass_percent", "max_tries", "is_published")
    list_filter = ("is_published",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("unit", "lesson", "campaign", "created_by")
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "quiz", "position")
    raw_id_fields = ("quiz",)
    inlines = [ChoiceInline]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("quiz", "user", "unit", "tries", "best_score", "total", "passed_at")
    raw_id_fields = ("quiz", "user", "unit")
