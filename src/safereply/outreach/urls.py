from django.urls import path

from safereply.outreach import views

app_name = "outreach"
urlpatterns = [
    path("cases/<int:case_id>/private/invite/", views.invite, name="invite"),
    path("invitations/<int:invitation_id>/letter.pdf", views.letter, name="letter"),
    path("invitations/<int:invitation_id>/call/", views.call, name="call"),
    path("invitations/<int:invitation_id>/status/", views.update, name="update"),
]
