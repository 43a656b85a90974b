"""``/s/<code>`` (views.tracked_link, services.tracked_link_visit) and the signed codes behind it.

Pages that show a member's link write nothing; the TrackedLink row is made when the link is first
followed; codes issued before signed codes existed keep working.
"""

import re
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from campaigns import access, services
from campaigns.models import LinkClick, TrackedLink
from campaigns.sharing import SIGNATURE_LENGTH, parse_share_code, share_code
from tests.factories import CampaignFactory, ShareKitFactory, UserFactory

PHONE_UA = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"
DESKTOP_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
FACEBOOK_BOT = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
TARGET = "https://www.facebook.com/congdoanvietnam/posts/123456789"
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@pytest.fixture
def kit(tree):
    campaign = CampaignFactory(unit=tree.root, slug="dai-hoi-xii", title="Đại hội Công đoàn Việt Nam lần thứ XII")
    return ShareKitFactory(audience=tree.upper, campaign=campaign, title="Mừng Đại hội XII", target_url=TARGET)


def _url(kit, user):
    return f"/s/{share_code(kit.pk, user.pk)}"


def _visit(client, url, ua=PHONE_UA, address="113.161.1.10", **extra):
    return client.get(url, HTTP_USER_AGENT=ua, REMOTE_ADDR=address, **extra)


# --- Pages show the link and write nothing ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "campaign_detail", "kit_detail"])
def test_showing_a_members_link_writes_nothing(page, personas, kit, client_for):
    client = client_for(personas.member)
    url = {"home": reverse("home"), "campaign_detail": reverse("campaign_detail", args=[kit.campaign.slug]),
           "kit_detail": reverse("kit_detail", args=[kit.pk])}[page]
    audit_before = AuditEvent.objects.count()
    for _ in range(2):  # the first view and the next ones alike
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        writes = [q["sql"] for q in ctx.captured_queries if WRITES.match(q["sql"])]
        assert not writes, writes
        assert _url(kit, personas.member) in response.content.decode()
    assert not TrackedLink.objects.exists()
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.django_db
def test_each_member_has_their_own_stable_code(personas, tree, kit, client_for):
    from tests.factories import MembershipFactory

    other = MembershipFactory(union=tree.sibling_unit).user
    assert share_code(kit.pk, personas.member.pk) == share_code(kit.pk, personas.member.pk)
    assert share_code(kit.pk, personas.member.pk) != share_code(kit.pk, other.pk)
    home = client_for(other).get(reverse("home")).content.decode()
    assert _url(kit, other) in home and _url(kit, personas.member) not in home


# --- The first click makes the link -------------------------------------------------------------


@pytest.mark.django_db
def test_first_click_makes_the_link_and_counts_it(personas, tree, kit, client):
    url = _url(kit, personas.member)
    response = _visit(client, url)
    assert response.status_code == 302 and response["Location"] == TARGET
    link = TrackedLink.objects.get()
    assert (link.kit, link.user, link.unit, link.code) == (kit, personas.member, tree.officer_unit, url[3:])
    assert link.clicks == 1
    _visit(client, url)  # the same visitor the same day
    _visit(client, url, ua=DESKTOP_UA, address="14.232.2.20")  # another one
    link.refresh_from_db()
    assert link.clicks == 2 and TrackedLink.objects.count() == 1
    assert LinkClick.objects.filter(link=link).count() == 2


@pytest.mark.django_db
def test_a_preview_crawler_makes_the_link_but_is_not_counted(personas, kit, client):
    assert _visit(client, _url(kit, personas.member), ua=FACEBOOK_BOT, address="31.13.1.1").status_code == 302
    assert TrackedLink.objects.get().clicks == 0


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["head", "prefetch"])
def test_link_checkers_and_prefetches_change_nothing(how, personas, kit, client):
    url = _url(kit, personas.member)
    if how == "head":
        response = client.head(url, HTTP_USER_AGENT=PHONE_UA)
    else:
        response = _visit(client, url, HTTP_SEC_PURPOSE="prefetch")
    assert response.status_code == 302 and response["Location"] == TARGET
    assert not TrackedLink.objects.exists()


@pytest.mark.django_db
def test_a_member_who_left_the_audience_still_gets_the_link_with_no_unit(tree, kit, client):
    outsider = UserFactory()  # no membership in the kit's audience (any more)
    assert _visit(client, _url(kit, outsider)).status_code == 302
    link = TrackedLink.objects.get()
    assert link.user == outsider and link.unit is None and link.clicks == 1


@pytest.mark.django_db
def test_a_share_read_before_the_row_existed_reuses_the_row(personas, kit):
    """Two first visits: the second one's lookup came before the first one's row was written."""
    share = access.get_share_for_code(share_code(kit.pk, personas.member.pk))
    assert share.link is None
    first, _ = services.tracked_link_visit(share=share, address="113.161.1.10", user_agent=PHONE_UA)
    second, _ = services.tracked_link_visit(share=share, address="14.232.2.20", user_agent=DESKTOP_UA)
    assert first.pk == second.pk and TrackedLink.objects.count() == 1
    first.refresh_from_db()
    assert first.clicks == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_clicks_make_one_link(personas, kit):
    share = access.get_share_for_code(share_code(kit.pk, personas.member.pk))
    start = threading.Barrier(2)
    errors = []

    def click(address):
        try:
            start.wait(timeout=10)
            services.tracked_link_visit(share=share, address=address, user_agent=PHONE_UA)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(f"113.161.1.{i}",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    link = TrackedLink.objects.get()
    assert link.clicks == 2


# --- Forged, altered and unknown codes ---------------------------------------------------------


def _swap(char):
    return "B" if char == "A" else "A"


@pytest.mark.django_db
def test_forged_or_altered_codes_are_404(personas, tree, kit, client):
    from tests.factories import MembershipFactory

    code = share_code(kit.pk, personas.member.pk)
    other = MembershipFactory(union=tree.officer_unit).user
    kit_part, rest = code.split("-")
    forged = [
        code[:-1] + _swap(code[-1]),  # signature altered
        f"{kit_part}-{share_code(kit.pk, other.pk).split('-')[1][:-SIGNATURE_LENGTH]}{rest[-SIGNATURE_LENGTH:]}",
        f"0{code}",  # the same ids spelled with a leading zero
        code + "A",
        code[:-1],
        f"{kit_part}-{rest}-x",
        "nope1234",
        "",
    ]
    for bad in forged:
        if bad:
            assert _visit(client, f"/s/{bad}").status_code == 404, bad
    assert not TrackedLink.objects.exists()
    assert _visit(client, f"/s/{code}").status_code == 302


@pytest.mark.django_db
def test_a_valid_code_of_a_deleted_kit_or_member_is_404(personas, tree, client):
    kit = ShareKitFactory(audience=tree.upper)
    gone_user = UserFactory()
    codes = [share_code(kit.pk, gone_user.pk), share_code(kit.pk + 1000, personas.member.pk)]
    gone_user.delete()
    for code in codes:
        assert _visit(client, f"/s/{code}").status_code == 404
    assert not TrackedLink.objects.exists()


@pytest.mark.django_db
def test_a_code_signed_with_a_previous_secret_key_still_works(personas, kit, client, settings):
    settings.SECRET_KEY = "old-" + "k" * 60
    code = share_code(kit.pk, personas.member.pk)
    settings.SECRET_KEY = "new-" + "k" * 60
    assert parse_share_code(code) is None
    settings.SECRET_KEY_FALLBACKS = ["old-" + "k" * 60]
    assert parse_share_code(code) == (kit.pk, personas.member.pk)
    assert _visit(client, f"/s/{code}").status_code == 302


def test_codes_stay_short_enough_for_a_caption():
    assert parse_share_code(share_code(1, 1)) == (1, 1)
    code = share_code(10**6, 10**7)  # a million kits, ten million members
    assert len(code) <= 18 and re.fullmatch(r"[0-9A-Za-z-]+", code)
    assert parse_share_code(code) == (10**6, 10**7)
    biggest = share_code(2**63 - 1, 2**63 - 1)
    assert len(biggest) <= TrackedLink._meta.get_field("code").max_length


# --- Codes issued before signed codes ---------------------------------------------------------


@pytest.mark.django_db
def test_old_random_codes_still_redirect_and_count(personas, tree, kit, client, client_for):
    old = TrackedLink.objects.create(kit=kit, user=personas.member, unit=tree.officer_unit, code="Ab3_x-9Q")
    response = _visit(client, "/s/Ab3_x-9Q")
    assert response.status_code == 302 and response["Location"] == TARGET
    old.refresh_from_db()
    assert old.clicks == 1
    # The member's pages now show the signed code: it counts on the same row.
    _visit(client, _url(kit, personas.member), ua=DESKTOP_UA, address="14.232.2.20")
    old.refresh_from_db()
    assert old.clicks == 2 and TrackedLink.objects.count() == 1


# --- Statistics --------------------------------------------------------------------------------


def _cell(html, row_attr, col):
    row = re.search(rf"<tr {row_attr}>(.*?)</tr>", html, re.S)
    assert row, f"row {row_attr} not found"
    return int(re.search(rf'data-col="{col}">(\d+)<', row.group(1)).group(1))


@pytest.mark.django_db
def test_statistics_count_the_clicks_of_links_made_at_first_click(personas, tree, kit, client, client_for):
    url = _url(kit, personas.member)
    _visit(client, url)
    _visit(client, url, ua=DESKTOP_UA, address="14.232.2.20")
    stats = client_for(personas.officer).get(reverse("campaign_stats")).content.decode()
    assert _cell(stats, f'data-unit="{tree.officer_unit.code}"', "clicks") == 2
    assert _cell(stats, f'data-kit="{kit.pk}"', "clicks") == 2
    assert re.search(r'data-total="clicks">2<', stats)
    assert re.search(r'data-total="reached">1<', stats)
    csv = b"".join(client_for(personas.upper).get(reverse("campaign_stats_export")).streaming_content)
    line = next(row for row in csv.decode("utf-8-sig").splitlines() if row.startswith(tree.officer_unit.code))
    cells = line.split(",")
    assert (cells[3], cells[6]) == ("1", "2")  # reached, clicks


# --- The visitor's address ---------------------------------------------------------------------


def _address_seen(client, url, monkeypatch, **headers):
    seen = []
    real = services.tracked_link_visit
    monkeypatch.setattr(services, "tracked_link_visit", lambda **kw: (seen.append(kw["address"]), real(**kw))[1])
    _visit(client, url, address="127.0.0.1", **headers)
    return seen[0]


@pytest.mark.django_db
def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(personas, kit, client, monkeypatch):
    url = _url(kit, personas.member)
    assert _address_seen(client, url, monkeypatch, HTTP_X_FORWARDED_FOR="203.0.113.9") == "127.0.0.1"


@pytest.mark.django_db
def test_behind_one_trusted_proxy_the_address_it_saw_counts(personas, kit, client, monkeypatch, settings):
    """The settings TRUSTED_PROXY_COUNT=1 gives (tests/test_settings.py checks that mapping)."""
    settings.IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.IPWARE_META_PROXY_COUNT = 0
    settings.IPWARE_STRICT = False
    url = _url(kit, personas.member)
    assert _address_seen(client, url, monkeypatch, HTTP_X_FORWARDED_FOR="113.161.1.10") == "113.161.1.10"
    # What the client itself put in front is not believed.
    forged = "198.51.100.1, 113.161.1.10"
    assert _address_seen(client, url, monkeypatch, HTTP_X_FORWARDED_FOR=forged) == "113.161.1.10"
    # A request that did not come through the proxy: REMOTE_ADDR.
    assert _address_seen(client, url, monkeypatch) == "127.0.0.1"
