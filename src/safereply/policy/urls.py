from django.urls import path

from safereply.policy import views

app_name = "policy"
urlpatterns = [
    path("policy/acknowledge/", views.acknowledge, name="acknowledge"),
    path("policy/versions/", views.versions, name="versions"),
    path("policy/versions/diff/", views.diff, name="diff"),
    path("policy/versions/<int:number>/", views.version, name="version"),
    path("policy/versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("policy/versions/<int:number>/approve/", views.approve, name="approve"),
    path("policy/draft/", views.builder, name="builder"),
    path("policy/draft/start/", views.start, name="start"),
    path("policy/draft/screen/", views.screen_text, name="screen_text"),
    path("policy/acknowledgements/", views.acknowledgements, name="acknowledgements"),
    path("policy/acknowledgements/remind/", views.remind, name="remind"),
    path("policy/notice.pdf", views.notice, name="notice"),
]
