from django.urls import path

from safereply.providers import views

app_name = "providers"
urlpatterns = [
    path("provider-concerns/", views.concern_list, name="list"),
    path("provider-concerns/<int:concern_id>/", views.concern_detail, name="concern"),
    path("provider-concerns/<int:concern_id>/write/", views.concern_write, name="write"),
    path("provider-concerns/<int:concern_id>/acknowledge/", views.concern_acknowledge, name="acknowledge"),
    path("provider-concerns/<int:concern_id>/meeting/", views.meeting_schedule, name="schedule"),
    path("provider-concerns/<int:concern_id>/meeting.ics", views.meeting_ics_download, name="ics"),
    path("provider-concerns/<int:concern_id>/outcome/", views.concern_outcome, name="outcome"),
    path("provider-concerns/<int:concern_id>/follow-up/", views.concern_follow_up, name="follow_up"),
    path("provider-concerns/<int:concern_id>/packet/", views.packet, name="packet"),
    path("provider-concerns/<int:concern_id>/packet.pdf", views.packet_download, name="packet_pdf"),
    path("cases/<int:case_id>/mentions/<int:mention_id>/", views.mention_decide, name="mention_decide"),
]
