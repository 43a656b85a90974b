from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(label=_("Lý do (không bắt buộc)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(
        label=_("Tôi hiểu rằng tài khoản sẽ bị khoá, các bài chưa đăng bị xoá và bài đã đăng được giữ lại không ghi tên tôi."),
    )


class DeclineForm(forms.Form):
    answer = forms.CharField(label=_("Lý do không thực hiện"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
