"""Starting prices for the providers' default models, in US dollars: staff keep them current in the admin."""

from decimal import Decimal

from django.db import migrations

PRICES = [
    # provider, model, per million input tokens, per million output tokens, per image
    ("openai", "gpt-4o-mini", "0.15", "0.60", "0"),
    ("openai", "gpt-image-1", "0", "0", "0.042"),
    ("openai", "omni-moderation-latest", "0", "0", "0"),
    ("anthropic", "claude-3-5-haiku", "0.80", "4.00", "0"),
    ("groq", "llama-3.3-70b-versatile", "0.59", "0.79", "0"),
    ("openrouter", "openai/gpt-4o-mini", "0.15", "0.60", "0"),
    ("replicate", "black-forest-labs/flux-schnell", "0", "0", "0.003"),
]


def add_prices(apps, schema_editor):
    ModelPrice = apps.get_model("comics", "ModelPrice")
    for provider, model, per_input, per_output, per_image in PRICES:
        ModelPrice.objects.get_or_create(
            provider=provider,
            model=model,
            defaults={
                "input_per_million": Decimal(per_input),
                "output_per_million": Decimal(per_output),
                "per_image": Decimal(per_image),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("comics", "0003_providers_and_usage")]
    operations = [migrations.RunPython(add_prices, migrations.RunPython.noop)]
