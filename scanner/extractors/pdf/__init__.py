"""PDF: the text layer, optional content (layers), pictures to OCR."""
