# expect: design:broad-try@17
"""Importing a supplier catalogue."""
import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    ok: bool
    count: int = 0
    error: str = ""


def import_catalogue(rows, repository, prices):
    try:
        products = []
        for row in rows:
            sku = row["sku"].strip().upper()
            name = row["name"].strip()
            if not sku or not name:
                continue
            price = prices.convert(row["price"], row["currency"])
            if price <= 0:
                continue
            category = row.get("category") or "misc"
            products.append((sku, name, price, category))
        repository.replace_all(products)
        repository.commit()
        logger.info("imported %d products", len(products))
        count = len(products)
        return ImportResult(ok=True, count=count)
    except Exception as error:
        logger.exception("catalogue import failed")
        return ImportResult(ok=False, error=str(error))


def import_with_rollback(rows, repository):
    try:
        for row in rows:
            sku = row["sku"].strip().upper()
            name = row["name"].strip()
            price = float(row["price"])
            currency = row.get("currency", "EUR")
            category = row.get("category") or "misc"
            weight = float(row.get("weight") or 0)
            repository.add(sku, name, price, currency, category, weight)
            repository.flush()
        repository.commit()
        repository.refresh_search_index()
        repository.clear_cache()
        repository.notify_listeners()
        logger.info("imported %d rows", len(rows))
    except Exception:
        repository.rollback()
        raise


def import_small(rows, repository):
    try:
        repository.replace_all(rows)
    except Exception:
        logger.exception("import failed")
        return False
    return True


def main(rows, repository):
    try:
        for row in rows:
            sku = row["sku"].strip().upper()
            name = row["name"].strip()
            price = float(row["price"])
            currency = row.get("currency", "EUR")
            category = row.get("category") or "misc"
            weight = float(row.get("weight") or 0)
            repository.add(sku, name, price, currency, category, weight)
            repository.flush()
        repository.commit()
        repository.refresh_search_index()
        repository.clear_cache()
        repository.notify_listeners()
        logger.info("imported %d rows", len(rows))
    except Exception:
        logger.exception("import failed")
        return 1
    return 0
