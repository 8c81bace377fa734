"""What the no-credentials screen says was looked at, and the secret-shaped text it never shows."""

from __future__ import annotations

from pathlib import Path

from claude_files.credentials import Lookup, list_profiles, sanitise

from .profiles import activate, write_profile


def test_lookup_names_the_profile_and_where_it_came_from(config_dir: Path, monkeypatch):
    assert Lookup.now().profile == "default" and Lookup.now().profiles == ()
    write_profile(config_dir, "work", base_url=None, access_token="sk-ant-oat01-x")
    (config_dir / "configs" / ".hidden.json").write_text("{}")
    (config_dir / "configs" / "notes.txt").write_text("")
    activate(config_dir, "work")
    assert (Lookup.now().profile, Lookup.now().profile_source) == ("work", "active_config")
    monkeypatch.setenv("ANTHROPIC_PROFILE", "env-one")
    assert (Lookup.now().profile, Lookup.now().profile_source) == ("env-one", "ANTHROPIC_PROFILE")
    assert (Lookup.now("flag-one").profile, Lookup.now("flag-one").profile_source) == ("flag-one", "--profile")
    assert list_profiles() == ["work"]
    monkeypatch.setenv("ANTHROPIC_AUTH_TOKEN", "sk-ant-oat01-never-shown")
    lines = "\n".join(Lookup.now().lines())
    assert "ANTHROPIC_AUTH_TOKEN set" in lines and "never-shown" not in lines
    assert str(config_dir) in lines and "Profiles there: work." in lines


def test_sanitise_cuts_keys_tokens_and_known_secrets():
    text = 'bad sk-ant-api03-abc_DEF-123 and Bearer opaque.value "access_token": "tok123" refresh_token=r3fr3sh my-own-secret'
    clean = sanitise(text, ("my-own-secret",))
    for secret in ("sk-ant-api03", "opaque.value", "tok123", "r3fr3sh", "my-own-secret"):
        assert secret not in clean
    assert clean.count("[redacted]") == 5 and "\n" not in sanitise("one\ntwo")
