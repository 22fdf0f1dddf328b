from django.urls import path

from safereply.patients import views

app_name = "patients"
urlpatterns = [
    path("cases/<int:case_id>/private/", views.resolution, name="resolution"),
    path("cases/<int:case_id>/private/identify/", views.identify, name="identify"),
    path("cases/<int:case_id>/private/unidentified/", views.unidentified, name="unidentified"),
    path("cases/<int:case_id>/private/contact/", views.contact, name="contact"),
]
