"""``accounts.text.name_sort_key``: Vietnamese alphabetical order of people's names."""

import random

import pytest

from accounts.text import SORT_KEY_LENGTH, name_sort_key

IN_ORDER = [
    "Nguyễn Văn An",
    "Dương Anh",
    "Đặng Anh",
    "Hồ Anh",
    "Hồ Ành",
    "Hồ Ảnh",
    "Hồ Ãnh",
    "Hồ Ánh",
    "Hồ Ạnh",
    "Lê Thị Ăn",
    "Phạm Ân",
    "Bùi Bình",
    "Lý Du",
    "Hoàng Dũng",
    "Ngô Đức",
    "Trịnh Em",
    "Lê Ếch",
    "Võ Thị Mai",
    "Nguyễn Thị On",
    "Nguyễn Thị Ôn",
    "Nguyễn Thị Ơn",
    "Vũ Đức Thắng",
    "Đỗ Văn Tú",
    "Huỳnh Thị Tư",
    "Cao Thị Uyên",
    "Lưu Thị Ứng",
    "Phan Yến",
]


def test_names_sort_by_given_name_letters_tones_then_whole_name():
    shuffled = IN_ORDER[:]
    random.Random(1).shuffle(shuffled)
    assert sorted(shuffled, key=name_sort_key) == IN_ORDER


@pytest.mark.parametrize(("a", "b"), [
    ("Đỗ Thị Mai Anh", "ĐỖ THỊ MAI ANH"),  # case
    ("Nguyễn Thị Hương", "Nguye\u0302\u0303n Thi\u0323 Hu\u031bo\u031bng"),  # decomposed input
    ("Trần  Văn   Bình", "Trần Văn Bình"),  # spacing
])
def test_same_name_written_differently_has_one_key(a, b):
    assert name_sort_key(a) == name_sort_key(b)


def test_the_key_is_digits_only_so_every_collation_agrees():
    key = name_sort_key("Nguyễn Thị Ánh Tuyết 2")
    assert key.isdigit() and key.isascii()


def test_the_key_fits_its_column():
    assert len(name_sort_key("Công Tằng Tôn Nữ " * 20)) == SORT_KEY_LENGTH
    assert name_sort_key("") == name_sort_key("   ") == ""


@pytest.mark.django_db
def test_the_data_migration_fills_the_key_of_existing_accounts():
    import importlib

    from django.apps import apps

    from accounts.models import User

    from .factories import UserFactory

    UserFactory(full_name="Đỗ Thị Mai Anh")
    UserFactory(full_name="", username="khongten")
    User.objects.update(sort_name="")
    importlib.import_module("accounts.migrations.0005_fill_user_sort_name").fill(apps, None)
    assert dict(User.objects.values_list("username", "sort_name")) == {
        u.username: name_sort_key(u.full_name or u.username) for u in User.objects.all()
    }
    assert "" not in User.objects.values_list("sort_name", flat=True)
