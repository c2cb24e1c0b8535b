"""A small Laravel project written to a temporary folder and analyzed as one run, for the praise
tests: praise reads every file of the run."""

from __future__ import annotations

from pathlib import Path

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.analyzers.php.praise import PRAISE_CODES
from reviewer.config.options import PhpArchitecture
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalyzerResult, Finding
from tests.php.helpers import php

ORDER = php(
    """
use App\\Enums\\OrderStatus;
use Illuminate\\Database\\Eloquent\\Model;
use Illuminate\\Database\\Eloquent\\Relations\\BelongsTo;
use Illuminate\\Database\\Eloquent\\Relations\\HasMany;

final class Order extends Model
{
    protected $fillable = ['customer_id', 'status', 'total_cents'];

    public function customer(): BelongsTo
    {
        return $this->belongsTo(User::class, 'customer_id');
    }

    public function items(): HasMany
    {
        return $this->hasMany(OrderItem::class);
    }
}
""",
    "App\\Models",
)
STORE_REQUEST = php(
    """
use Illuminate\\Foundation\\Http\\FormRequest;

final class StoreOrderRequest extends FormRequest
{
    public function authorize(): bool
    {
        return $this->user() !== null;
    }

    public function rules(): array
    {
        return [
            'restaurant_id' => ['required', 'integer'],
            'notes' => ['nullable', 'string', 'max:500'],
        ];
    }
}
""",
    "App\\Http\\Requests",
)


def run_project(
    tmp_path: Path,
    files: dict[str, str],
    architecture: PhpArchitecture = PhpArchitecture.LARAVEL,
) -> AnalyzerResult:
    """Write every file below tmp_path and analyze them together, as `review` does."""
    paths = []
    for name, source in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        if path.suffix == ".php":
            paths.append(SourceFile(str(path), "php"))
    result = PhpAnalyzer(architecture=architecture).run(paths)
    assert result.errors == (), result.errors
    return result


def praise_of(result: AnalyzerResult, code: str) -> list[Finding]:
    """The praise findings of one code."""
    assert code in PRAISE_CODES, code
    return [f for f in result.findings if f.code == code]


def codes(result: AnalyzerResult) -> set[str]:
    """Every code the run found."""
    return {f.code for f in result.findings}
