"""The native module (Rust, PyO3). Use the `nutgraf` package instead."""
from typing import List, Optional

SCHEMA_VERSION: str
LAYERS: List[str]

def extract(text: str, published: Optional[str] = ..., layers: Optional[List[str]] = ...,
            max_input_bytes: Optional[int] = ...) -> str: ...
def extract_many(texts: List[str], threads: Optional[int] = ..., published: Optional[str] = ...,
                 layers: Optional[List[str]] = ..., max_input_bytes: Optional[int] = ...) -> List[str]: ...
