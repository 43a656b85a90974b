from django.contrib import admin

from audit.admin import AuditedAdmin

from .models import Attempt, Choice, Question, Quiz


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    show_change_link = True


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 4


@admin.register(Quiz)
class QuizAdmin(AuditedAdmin, admin.ModelAdmin):
    """Quizzes are set up here; every save (questions and choices included) is audited."""

    list_display = ("title", "unit", "lesson", "campaign", "pass_percent", "max_tries", "is_published")
    list_filter = ("is_published",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("unit", "lesson", "campaign", "created_by")
    inlines = [QuestionInline]

    def audit_unit(self, obj):
        return obj.unit


@admin.register(Question)
class QuestionAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("text", "quiz", "position")
    raw_id_fields = ("quiz",)
    inlines = [ChoiceInline]

    def audit_unit(self, obj):
        return obj.quiz.unit


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Attempts are the members' answers and scores: read-only."""

    list_display = ("quiz", "user", "unit", "tries", "best_score", "total", "passed_at")
    readonly_fields = [f.name for f in Attempt._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
