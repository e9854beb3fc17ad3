"""The native module (Rust, PyO3). Use the `nutgraf` package instead."""
from typing import List, Optional, Tuple

SCHEMA_VERSION: str
LAYERS: List[str]

def extract(text: str, published: Optional[str] = ..., layers: Optional[List[str]] = ...,
            max_input_bytes: Optional[int] = ..., lexicon: Optional[List[Tuple[str, str]]] = ...,
            format: Optional[str] = ...) -> Tuple[str, Optional[str]]: ...
def extract_many(texts: List[str], threads: Optional[int] = ..., published: Optional[str] = ...,
                 layers: Optional[List[str]] = ..., max_input_bytes: Optional[int] = ...,
                 lexicon: Optional[List[Tuple[str, str]]] = ...,
                 format: Optional[str] = ...) -> List[Tuple[str, Optional[str]]]: ...
