from django.contrib.auth import views as auth_views
from django.urls import include, path

from baton.users import views
from baton.users.forms import LoginForm

# Pages of the ``users`` namespace; ``login``/``logout`` stay global (settings name them).
user_patterns = [
    path("me/", views.profile, name="profile"),
    path("me/language/", views.language_switch, name="language"),
    path("me/tokens/", views.tokens, name="tokens"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("users/", views.user_admin_list, name="admin_list"),
    path("users/new/", views.user_admin_create, name="admin_create"),
    path("users/<int:user_id>/role/", views.user_admin_role, name="admin_role"),
    path("users/<int:user_id>/deactivate/", views.user_admin_deactivate, name="admin_deactivate"),
    path("users/<int:user_id>/reactivate/", views.user_admin_reactivate, name="admin_reactivate"),
]

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="users/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((user_patterns, "users"))),
]
