"""A notes API on PostgreSQL; the connection pool is put on app.state by whoever runs the app."""

import asyncpg
from fastapi import FastAPI, Request

SCHEMA = "CREATE TEMPORARY TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, body text NOT NULL)"

app = FastAPI()


def pool_of(request: Request) -> asyncpg.Pool:
    return request.app.state.pool


@app.post("/notes", status_code=201)
async def create_note(note: dict, request: Request):
    async with pool_of(request).acquire() as connection:
        await connection.execute(SCHEMA)
        note_id = await connection.fetchval("INSERT INTO notes (body) VALUES ($1) RETURNING id", note["body"])
    return {"id": note_id}


@app.get("/notes/count")
async def count_notes(request: Request):
    async with pool_of(request).acquire() as connection:
        await connection.execute(SCHEMA)
        return {"count": await connection.fetchval("SELECT count(*) FROM notes")}
