"""Files a Laravel installer or starter kit wrote (Breeze, Jetstream, Fortify, laravel/ui, the
skeleton): their style is the framework's, so design and style points on them are noise."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# The controllers `php artisan breeze:install` and laravel/ui's `ui:auth` write under
# `app/Http/Controllers/Auth/`.
AUTH_CONTROLLERS = frozenset(
    {
        *("AuthenticatedSessionController", "ConfirmablePasswordController"),
        *("EmailVerificationNotificationController", "EmailVerificationPromptController"),
        *("NewPasswordController", "PasswordController", "PasswordResetLinkController"),
        *("RegisteredUserController", "VerifyEmailController"),
        *("LoginController", "RegisterController", "ForgotPasswordController"),
        *("ResetPasswordController", "VerificationController", "ConfirmPasswordController"),
    }
)
SKELETON_FILES = (
    "app/Http/Controllers/Controller.php",
    "tests/TestCase.php",
    "tests/CreatesApplication.php",
)
# Files `laravel new` writes that a project keeps and extends: their code is reviewed, but a
# habit of the skeleton's (no `declare(strict_types=1)`) is Laravel's, not the project's.
SKELETON_STYLE_FILES = (
    "app/Models/User.php",
    "app/Providers/AppServiceProvider.php",
    "database/factories/UserFactory.php",
    "database/seeders/DatabaseSeeder.php",
    "tests/Feature/ExampleTest.php",
    "tests/Unit/ExampleTest.php",
)
# Docblocks `laravel new` writes into the files it ships (`User`, `AppServiceProvider`, the
# older `Kernel`, `Handler` and middleware).
SKELETON_PHRASES = (
    "The attributes that are mass assignable.",
    "Register any application services.",
    "Bootstrap any application services.",
    "The application's global HTTP middleware stack.",
    "The list of the inputs that are never flashed to the session on validation exceptions.",
    "The URIs that should be excluded from CSRF verification.",
    "Get the path the user should be redirected to when they are not authenticated.",
)
# The migrations `laravel new` ships: 11.x names them 0001_01_01_*, earlier versions by the
# date the table was added to the skeleton.
DEFAULT_MIGRATION = re.compile(
    r"^(?:0001_01_01_\d{6}|2014_10_12_\d{6}|2019_08_19_000000|2019_12_14_000001)_\w+\.php$"
)


def is_scaffolding(path: str) -> bool:
    """True for a file the framework or a starter kit scaffolded, by its place and name."""
    posix = PurePosixPath(path.replace("\\", "/"))
    rooted = f"/{posix.as_posix()}"
    if rooted.endswith(tuple(f"/{name}" for name in SKELETON_FILES)):
        return True
    if "/app/Actions/Fortify/" in rooted:
        return True
    folders = posix.parts[:-1]
    if "migrations" in folders and DEFAULT_MIGRATION.match(posix.name):
        return True
    in_auth = folders[-3:] == ("Http", "Controllers", "Auth")
    return in_auth and posix.stem in AUTH_CONTROLLERS


def keeps_skeleton_style(path: str, source: str = "") -> bool:
    """True for a file the framework scaffolded, one of the skeleton's files a project keeps
    and extends (`User.php`, `AppServiceProvider.php`, the example tests), or a file without
    strict types that still carries the docblocks `laravel new` wrote into it."""
    rooted = "/" + path.replace("\\", "/")
    if is_scaffolding(path) or rooted.endswith(tuple(f"/{n}" for n in SKELETON_STYLE_FILES)):
        return True
    return "strict_types" not in source and any(p in source for p in SKELETON_PHRASES)
