from django import forms

from notifications.models import ChannelPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = ChannelPreference
        fields = ["email", "sms", "language"]
