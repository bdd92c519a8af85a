"""Pictures: image files, pictures embedded in documents, OCR of page images."""
