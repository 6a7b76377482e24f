"""An application module imported by test data."""
from fastapi import FastAPI

app = FastAPI()
