"""`doithoai backup` and `restore`: a dump restored into a fresh database holds every question; the password never
reaches a command line; a non-empty database is never overwritten unless forced; only the last N are kept."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.app import open_database
from bot.backup import backups, child_env, libpq_env
from bot.config import Settings
from storage.db import Database, make_engine
from storage.models import Person, Question
from tests.cli_support import doithoai, release
from tests.conftest import _admin, with_database
from tests.fixtures import add_commune


async def seed(database: Database, questions: int = 30) -> None:
    commune_id = await add_commune(database)
    async with database.unit_of_work() as uow:
        person = Person(commune_id=commune_id, full_name="Nguyễn Văn An", phone="0912345678")
        uow.session.add(person)
        await uow.session.flush()
        for i in range(questions):
            await uow.repo.create_question(commune_id=commune_id, asker_id=person.id, village_id=None,
                                           session_id=None, topic="land", text=f"Câu hỏi số {i} về đất đai",
                                           actor_id=person.id)
        await uow.commit()


async def question_texts(url: str) -> set[tuple[str, str]]:
    database = Database(make_engine(url))
    try:
        async with database.unit_of_work() as uow:
            return set((await uow.session.execute(select(Question.code, Question.text))).all())
    finally:
        await database.dispose()


@pytest.fixture
async def fresh_url(server_url):
    name = f"doithoai_restore_{uuid.uuid4().hex[:8]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    yield with_database(server_url, name)
    await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_a_backup_restored_into_a_fresh_database_has_every_question(db, database_url, fresh_url, tmp_path,
                                                                          capsys):
    await seed(db)
    original = await question_texts(database_url)
    code, out, _ = await doithoai(capsys, database_url, "backup", "--dir", str(tmp_path / "b"))
    assert code == 0 and "Backup written" in out
    [dump] = backups(tmp_path / "b")
    assert dump.stat().st_mode & 0o777 == 0o600 and (tmp_path / "b").stat().st_mode & 0o777 == 0o700
    code, out, err = await doithoai(capsys, fresh_url, "restore", str(dump))
    assert code == 0, err
    assert "30 questions" in out
    assert len(original) == 30 and await question_texts(fresh_url) == original


async def test_restore_refuses_a_database_that_is_not_empty_unless_forced(db, database_url, tmp_path, capsys):
    await seed(db, questions=3)
    await doithoai(capsys, database_url, "backup", "--dir", str(tmp_path))
    [dump] = backups(tmp_path)
    await seed_more(db)
    code, _, err = await doithoai(capsys, database_url, "restore", str(dump))
    assert code == 1 and "not empty" in err and "--force" in err
    assert len(await question_texts(database_url)) == 4  # nothing changed
    code, _, err = await doithoai(capsys, database_url, "restore", str(dump), "--force")
    assert code == 0, err
    assert len(await question_texts(database_url)) == 3  # the database is what the backup held


async def seed_more(database: Database) -> None:
    async with database.unit_of_work() as uow:
        person = await uow.session.scalar(select(Person))
        await uow.repo.create_question(commune_id=person.commune_id, asker_id=person.id, village_id=None,
                                       session_id=None, topic="land", text="Câu hỏi sau bản sao", actor_id=person.id)
        await uow.commit()


async def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(db, database_url, fresh_url, tmp_path,
                                                                                capsys):
    await seed(db, questions=1)
    bogus = tmp_path / "doithoai-20261123T030000Z.dump"
    bogus.write_bytes(b"PGDMP but then garbage")
    code, _, err = await doithoai(capsys, database_url, "restore", str(bogus), "--force")
    assert code == 1 and "pg_restore failed" in err
    assert len(await question_texts(database_url)) == 1
    (tmp_path / "notes.txt").write_text("hello")
    code, _, err = await doithoai(capsys, fresh_url, "restore", str(tmp_path / "notes.txt"))
    assert code == 1 and "not a pg_dump" in err


async def test_only_the_newest_backups_are_kept_and_other_files_are_left_alone(db, database_url, tmp_path, capsys):
    await seed(db, questions=1)
    (tmp_path / "README.txt").write_text("not a backup")
    old = tmp_path / "doithoai-20200101T000000Z.dump"
    old.write_bytes(b"PGDMP old")
    for _ in range(3):
        code, _, err = await doithoai(capsys, database_url, "backup", "--dir", str(tmp_path), "--keep", "2")
        assert code == 0, err
    kept = backups(tmp_path)
    assert len(kept) == 2 and old not in kept and (tmp_path / "README.txt").exists()
    assert not list(tmp_path.glob("*.partial"))


def test_the_password_goes_to_the_child_environment_never_its_arguments(monkeypatch):
    monkeypatch.setenv("PGHOST", "elsewhere")
    env = child_env("postgresql://doithoai:s3cr%40t@db.example:5433/doithoai?ssl=require")
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGPASSWORD"], env["PGDATABASE"], env["PGSSLMODE"]) == \
        ("db.example", "5433", "doithoai", "s3cr@t", "doithoai", "require")
    socket = libpq_env("postgresql://postgres:@/postgres?host=/tmp/pgserver")  # pgserver's embedded URL
    assert socket == {"PGHOST": "/tmp/pgserver", "PGUSER": "postgres", "PGDATABASE": "postgres"}


async def test_backup_passes_no_password_on_the_command_line(db, database_url, tmp_path, monkeypatch, capsys):
    """A recording pg_dump in front of the real one: its argv must not hold the password, its env must."""
    import bot.backup

    calls = []
    real = bot.backup.run_tool

    async def recording(argv, url):
        calls.append([str(a) for a in argv])
        return await real(argv, url)

    monkeypatch.setattr(bot.backup, "run_tool", recording)
    url = database_url.replace("postgres@", "postgres:hunter2@")  # trust auth accepts and ignores it
    code, _, err = await doithoai(capsys, url, "backup", "--dir", str(tmp_path))
    assert code == 0, err
    assert calls and not any("hunter2" in arg for argv in calls for arg in argv)


async def test_backup_and_restore_work_on_the_embedded_postgresql(tmp_path, capsys):
    """No DATABASE_URL: backup from one embedded PostgreSQL (DATA_DIR), restore into a fresh one (another DATA_DIR)."""
    source, target = tmp_path / "source", tmp_path / "target"
    assert (await doithoai(capsys, "", "demo-data", data_dir=source))[0] == 0  # the demo commune's five questions
    code, out, err = await doithoai(capsys, "", "backup", data_dir=source)
    assert code == 0, err
    [dump] = backups(source / "backups")  # DATA_DIR/backups by default
    code, out, err = await doithoai(capsys, "", "restore", str(dump), data_dir=target)
    assert code == 0 and "5 questions" in out, err
    texts = []
    for data_dir in (source, target):
        opened = await open_database(Settings(database_url="", data_dir=data_dir, _env_file=None))
        try:
            texts.append(await question_texts(opened.url))
        finally:
            await release(opened)
    assert len(texts[0]) == 5 and texts[0] == texts[1]
