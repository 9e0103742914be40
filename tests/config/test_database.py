"""How the database settings are built from what each environment provides."""

import json

import boto3
import environ
import pytest
from django.core.exceptions import ImproperlyConfigured
from moto import mock_aws

from config.database import database_settings

SECRET = {
    "host": "alquimista-prod.cluster-abc123.us-east-1.rds.amazonaws.com",
    "port": 5432,
    "dbname": "alquimista_prod",
    "username": "backoffice",
    "password": "s3cr3t",
    "engine": "postgres",
}


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("DATABASE_URL", "DB_SECRET_ID", "AWS_REGION", "DB_POOL", "DB_CONNECT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    return monkeypatch


def test_secrets_manager_secret_becomes_a_tls_connection(clean_env):
    clean_env.setenv("DB_SECRET_ID", "alquimista/prod/aurora")
    clean_env.setenv("AWS_REGION", "sa-east-1")
    with mock_aws():
        boto3.client("secretsmanager", region_name="sa-east-1").create_secret(
            Name="alquimista/prod/aurora", SecretString=json.dumps(SECRET)
        )
        config = database_settings(environ.Env())

    assert config["ENGINE"] == "core.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == (
        "alquimista_prod",
        "backoffice",
        "s3cr3t",
    )
    assert (config["HOST"], config["PORT"]) == (SECRET["host"], "5432")
    assert config["OPTIONS"]["sslmode"] == "require"
    assert config["OPTIONS"]["connect_timeout"] == 3
    assert config["OPTIONS"]["options"] == "-c search_path=backoffice"
    assert config["ATOMIC_REQUESTS"] is True


def test_secret_in_another_region_is_not_found_in_the_default_one(clean_env):
    clean_env.setenv("DB_SECRET_ID", "alquimista/dev/aurora")
    with mock_aws():
        boto3.client("secretsmanager", region_name="sa-east-1").create_secret(
            Name="alquimista/dev/aurora", SecretString=json.dumps(SECRET)
        )
        with pytest.raises(Exception, match="ResourceNotFoundException"):
            database_settings(environ.Env())


def test_secret_without_credentials_names_what_is_missing(clean_env):
    clean_env.setenv("DB_SECRET_ID", "broken")
    with mock_aws():
        boto3.client("secretsmanager", region_name="us-east-1").create_secret(
            Name="broken", SecretString=json.dumps({"host": "db.example.com", "port": 5432})
        )
        with pytest.raises(ImproperlyConfigured, match="lacks: username, password, database"):
            database_settings(environ.Env())


def test_database_url_to_a_local_server_needs_no_tls(clean_env):
    clean_env.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    config = database_settings(environ.Env())
    assert "sslmode" not in config["OPTIONS"]
    assert config["CONN_MAX_AGE"] == 60


def test_database_url_to_a_remote_server_requires_tls_unless_it_says_otherwise(clean_env):
    clean_env.setenv("DATABASE_URL", "postgres://u:p@aurora.example.com:5432/alquimista_dev")
    assert database_settings(environ.Env())["OPTIONS"]["sslmode"] == "require"

    clean_env.setenv(
        "DATABASE_URL", "postgres://u:p@aurora.example.com:5432/alquimista_dev?sslmode=verify-full"
    )
    assert database_settings(environ.Env())["OPTIONS"]["sslmode"] == "verify-full"


def test_unix_socket_urls_keep_their_socket_directory(clean_env):
    clean_env.setenv("DATABASE_URL", "postgres://postgres@/alquimista?host=/run/postgresql")
    config = database_settings(environ.Env())
    assert config["HOST"] == "/run/postgresql"
    assert "sslmode" not in config["OPTIONS"]


def test_pool_setting_turns_on_djangos_connection_pool(clean_env):
    clean_env.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    clean_env.setenv("DB_POOL", "true")
    config = database_settings(environ.Env())
    assert config["OPTIONS"]["pool"] == {
        "min_size": 1,
        "max_size": 10,
        "timeout": 3,
        "max_lifetime": 1800,
        "max_idle": 300,
    }
    assert config["CONN_MAX_AGE"] == 0
    assert config["CONN_HEALTH_CHECKS"] is True  # Django's pool then checks on checkout


def test_other_engines_are_refused(clean_env):
    clean_env.setenv("DATABASE_URL", "sqlite:///db.sqlite3")
    with pytest.raises(ImproperlyConfigured, match="Only PostgreSQL"):
        database_settings(environ.Env())


def test_production_without_credentials_refuses_to_start(clean_env):
    with pytest.raises(ImproperlyConfigured, match="Set DATABASE_URL or DB_SECRET_ID"):
        database_settings(environ.Env())


@pytest.mark.usefixtures("needs_pg_trgm")
@pytest.mark.django_db
def test_production_settings_pass_the_deployment_checks(scratch_db):
    scratch_db.run("dbmigrations", "apply", "--verbosity", "0")
    env = {
        "DJANGO_ENV": "prod",
        "DJANGO_SECRET_KEY": "k" * 20 + "-prod-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        "DJANGO_ALLOWED_HOSTS": "backoffice.alquimista.ai",
        "LGPD_BLOCKLIST_KEY": "lgpd-" + "x" * 40,
    }

    result = scratch_db.run("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
