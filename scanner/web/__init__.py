"""The web review page (`secmark serve`): FastAPI app, static page, additive report fields."""
