from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from notifications.forms import PreferenceForm
from notifications.models import ChannelPreference, Notification


@login_required
def preferences(request):
    """The account's notification settings: channels, language; and the last messages sent."""
    preference, _created = ChannelPreference.objects.get_or_create(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu cách nhận thông báo / Notification settings saved."))
        return redirect("notifications:preferences")
    recent = Notification.objects.filter(recipient=request.user).order_by("-id")[:20]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "recent": recent, "user_obj": request.user},
        status=status,
    )
