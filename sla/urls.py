from django.urls import path

from . import views

app_name = "sla"

urlpatterns = [
    path("reminders/<int:pk>/done/", views.reminder_done, name="reminder_done"),
    path("reminders/<int:pk>/reschedule/", views.reminder_reschedule, name="reminder_reschedule"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("calendar/", views.calendar_admin, name="calendar"),
]
