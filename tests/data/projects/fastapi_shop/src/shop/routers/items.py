"""A router that still loads its catalogue with the deprecated startup hook."""
from fastapi import APIRouter

router = APIRouter()
catalogue: dict[str, int] = {}


@router.on_event("startup")  # ALP304:2
async def load_catalogue():
    catalogue["apple"] = 3


@router.get("/items")
async def list_items():
    return sorted(catalogue)
