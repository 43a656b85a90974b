from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import SORT_KEY_LENGTH, fold, name_sort_key, normalize_phone


class PortalUserManager(UserManager):
    def get_by_login(self, login):
        """The user a sign-in name refers to: a username, a phone number or an email address."""
        login = (login or "").strip()
        if not login:
            return None
        phone = normalize_phone(login)
        if phone:
            user = self.filter(phone=phone).first()
            if user:
                return user
        if "@" in login:
            user = self.filter(email__iexact=login).first()
            if user:
                return user
        return self.filter(username__iexact=login).first()


class User(AbstractUser):
    """A person who signs in: member or officer. Vietnamese names are kept whole."""

    first_name = None
    last_name = None
    full_name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(
        _("số điện thoại"), max_length=15, unique=True, null=True, blank=True
    )
    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=True)
    # The name in Vietnamese alphabetical order (given name first; ``accounts.text.name_sort_key``):
    # every list of people orders by it, in the database.
    sort_name = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, editable=False, db_index=True)
    # Set when an officer issues a temporary password: the member must choose their own password
    # before using any other page (accounts.middleware.PasswordChangeRequiredMiddleware).
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False, editable=False)
    # The language the user reads the portal in (a code of settings.LANGUAGES; blank: never chose,
    # i.e. Vietnamese). Recorded from the switcher's cookie (accounts.middleware.LanguagePreferenceMiddleware)
    # so that what is sent while they are away — emails — is in their language too.
    language = models.CharField(_("ngôn ngữ"), max_length=8, blank=True, editable=False)

    REQUIRED_FIELDS = ["email"]

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["sort_name", "id"]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return (self.full_name or self.username).split()[-1]

    def normalise(self):
        """Put the fields ``save`` derives into their stored form: email lower-cased, phone as
        ``0xxxxxxxxx``, ``search_text`` and ``sort_name`` refreshed. ``save`` calls it; call it
        yourself before ``bulk_create``, which skips ``save``."""
        self.email = (self.email or "").strip().lower() or None
        self.phone = normalize_phone(self.phone) if self.phone else None
        self.search_text = fold(" ".join(filter(None, [self.full_name, self.username, self.phone, self.email])))[:400]
        self.sort_name = name_sort_key(self.full_name or self.username)
        return self

    def save(self, *args, **kwargs):
        self.normalise()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"search_text", "sort_name", "email", "phone"}
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """A personal key for the read-only API (``/api/``), created and revoked by its owner.

    Only a SHA-256 digest of the key is stored; the key itself is shown once, when it is created.
    A key is high-entropy random text, so a fast digest is enough (no password hashing needed) and
    it lets a request find its token with one indexed lookup. ``prefix`` (the key's first
    characters) tells the owner's keys apart on the profile page.
    """

    user = models.ForeignKey("accounts.User", verbose_name=_("người dùng"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("tên khóa"), max_length=80)
    prefix = models.CharField(max_length=12, editable=False)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None
