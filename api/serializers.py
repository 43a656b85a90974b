"""What the API returns. Plain serializers over annotated querysets: no field triggers a query."""

from django.utils import translation
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from unions.models import Level


def _number():
    return serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=False, allow_null=True)


def in_english(text):
    if not text:
        return ""
    with translation.override("en"):
        return gettext(text)


def in_vietnamese(text):
    return text or ""


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    level = serializers.IntegerField(help_text="1 central … 5 below grassroots (not the tree depth).")
    level_label = serializers.SerializerMethodField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    parent_code = serializers.CharField(allow_null=True)
    depth = serializers.IntegerField(help_text="Depth in the tree (0 for a root).")
    member_count = serializers.IntegerField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)

    @extend_schema_field(serializers.CharField())
    def get_level_label(self, unit):
        return str(Level(unit.level).label) if unit.level in Level.values else ""


class IndicatorSetVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class IndicatorSetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name_vi = serializers.CharField(source="name")
    name_en = serializers.SerializerMethodField()
    versions = IndicatorSetVersionSerializer(many=True)

    @extend_schema_field(serializers.CharField())
    def get_name_en(self, obj):
        return in_english(obj.name)


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    label_vi = serializers.CharField(source="label")
    label_en = serializers.SerializerMethodField()
    group_vi = serializers.CharField(source="group")
    group_en = serializers.SerializerMethodField()
    measure = serializers.ChoiceField(choices=["count", "vnd", "percent"],
                                      help_text="Unit of the figure: a count, Vietnamese đồng or a percentage.")
    mode = serializers.ChoiceField(choices=["computed", "entered"],
                                   help_text="computed: counted from the portal's data; entered: typed by the unit.")
    is_computed = serializers.BooleanField()
    source = serializers.CharField()
    position = serializers.IntegerField()
    indicator_set = serializers.CharField(source="set_code")
    version = serializers.IntegerField(source="version_id")
    version_number = serializers.IntegerField()

    @extend_schema_field(serializers.CharField())
    def get_label_en(self, obj):
        return in_english(obj.label)

    @extend_schema_field(serializers.CharField())
    def get_group_en(self, obj):
        return in_english(obj.group)


class PeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["annual", "half_year", "quarter", "ad_hoc"])
    year = serializers.IntegerField()
    title = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    due_on = serializers.DateField()
    is_open = serializers.BooleanField()
    indicator_set = serializers.CharField(source="version.indicator_set.code")
    version = serializers.IntegerField(source="version_id")
    version_number = serializers.IntegerField(source="version.number")


class ValueSerializer(serializers.Serializer):
    code = serializers.CharField(source="indicator.code")
    value = _number()
    computed_value = _number()
    entered_value = _number()
    note = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    unit_code = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    period = serializers.IntegerField(source="period_id")
    status = serializers.ChoiceField(choices=["draft", "submitted", "returned", "accepted"])
    submitted_at = serializers.DateTimeField(allow_null=True)
    accepted_at = serializers.DateTimeField(allow_null=True)
    is_late = serializers.BooleanField()
    version_number = serializers.IntegerField(source="version.number")
    values = ValueSerializer(many=True, source="ordered_values")


class RolledUpSerializer(serializers.Serializer):
    code = serializers.CharField()
    total = _number()
    reports = serializers.IntegerField(help_text="Filed reports of the subtree that carry this indicator.")


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class PeriodRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()


class ReportRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["draft", "submitted", "returned", "accepted"])
    submitted_at = serializers.DateTimeField(allow_null=True)
    is_late = serializers.BooleanField()
    version_number = serializers.IntegerField(source="version.number")


class UnitValuesSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    period = PeriodRefSerializer()
    accepted_only = serializers.BooleanField()
    report = ReportRefSerializer(allow_null=True, help_text="The unit's own report of the period, if any.")
    own = ValueSerializer(many=True, help_text="The figures of the unit's own report.")
    rolled_up = RolledUpSerializer(many=True, help_text="Sums over the filed (or accepted) reports of the "
                                                         "unit's subtree, its own report included.")
