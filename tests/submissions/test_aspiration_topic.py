"""Aspiration topics in the reader's language: the English name (``name_en``) when reading in
English, the Vietnamese name otherwise or when no English name is set — in the form's choices,
on the detail page and in the queue. (The XLSX synthesis: test_exports.py.)"""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from submissions.forms import SubmissionForm
from submissions.models import AspirationTopic, Kind
from unions.models import Union

from .helpers import pending

pytestmark = pytest.mark.django_db

DEFAULTS = importlib.import_module("submissions.migrations.0007_default_aspiration_topics_in_english")


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_default_topics_have_english_names():
    names = dict(AspirationTopic.objects.values_list("name", "name_en"))
    assert names["Tiền lương, thu nhập"] == "Wages and income"
    assert names["Văn kiện Đại hội"] == "Congress documents"
    assert names["Khác"] == "Other"
    assert all(names[name] for name in DEFAULTS.ENGLISH)


def test_the_data_migration_keeps_names_set_by_hand_and_undoes_only_its_own():
    AspirationTopic.objects.filter(name="Khác").update(name_en="Something else")
    AspirationTopic.objects.filter(name="Văn kiện Đại hội").update(name_en="")
    DEFAULTS.add_english_names(apps, None)
    names = dict(AspirationTopic.objects.values_list("name", "name_en"))
    assert names["Khác"] == "Something else" and names["Văn kiện Đại hội"] == "Congress documents"
    DEFAULTS.remove_english_names(apps, None)
    names = dict(AspirationTopic.objects.values_list("name", "name_en"))
    assert names["Khác"] == "Something else" and names["Tiền lương, thu nhập"] == ""


def test_name_follows_the_language_and_falls_back_to_vietnamese():
    wages = AspirationTopic.objects.get(name="Tiền lương, thu nhập")
    plain = AspirationTopic.objects.create(name="Chăm lo Tết cho công nhân", position=99)
    assert (wages.name_for("vi"), wages.name_for("en"), wages.name_for("en-gb")) == (
        "Tiền lương, thu nhập", "Wages and income", "Wages and income"
    )
    assert plain.name_for("en") == "Chăm lo Tết cho công nhân"
    with translation.override("en"):
        assert str(wages) == wages.display_name == "Wages and income"
    with translation.override("vi"):
        assert str(wages) == "Tiền lương, thu nhập"


def test_form_choices_in_the_readers_language(personas, client_for):
    AspirationTopic.objects.create(name="Chăm lo Tết cho công nhân", position=99)
    with translation.override("en"):
        labels = [label for _value, label in SubmissionForm(units=Union.objects.all()).fields["topic"].choices][1:]
    assert "Wages and income" in labels and "Congress documents" in labels
    assert "Chăm lo Tết cho công nhân" in labels  # no English name: the Vietnamese one
    assert "Tiền lương, thu nhập" not in labels
    page = _english(client_for(personas.member)).get(reverse("submission_new") + "?kind=aspiration").content.decode()
    assert ">Wages and income</option>" in page and "Tiền lương, thu nhập" not in page
    page = client_for(personas.member)
    page.cookies["django_language"] = "vi"
    assert ">Tiền lương, thu nhập</option>" in page.get(reverse("submission_new")).content.decode()


def test_detail_and_queue_show_the_topic_in_the_readers_language(personas, tree, client_for):
    topic = AspirationTopic.objects.get(name="Bảo hiểm xã hội, bảo hiểm y tế")
    item = pending(personas.member, tree.officer_unit, kind=Kind.ASPIRATION, title="Chốt sổ bảo hiểm", topic=topic)
    client = _english(client_for(personas.officer))
    for url in (reverse("submission_detail", args=[item.pk]), reverse("submission_queue")):
        page = client.get(url).content.decode()
        assert "Social insurance and health insurance" in page and "Bảo hiểm xã hội, bảo hiểm y tế" not in page
    client.cookies["django_language"] = "vi"
    assert "Bảo hiểm xã hội, bảo hiểm y tế" in client.get(reverse("submission_detail", args=[item.pk])).content.decode()
