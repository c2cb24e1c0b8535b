"""Precision: the idioms issue 7 names (enums with match, factories, strategies, value objects,
exceptions, service providers, models, migrations, seeders) get no finding at all."""

from __future__ import annotations

import pytest

from reviewer.analyzers.php.praise import PRAISE_CODES
from tests.php.helpers import Analyze

HEADER = "<?php\n\ndeclare(strict_types=1);\n\nnamespace {namespace};\n\n"

IDIOMS = {
    "app/Enums/PaymentMethod.php": (
        "App\\Enums",
        """enum PaymentMethod: string
{
    case Card = 'card';
    case Cash = 'cash';
    case Voucher = 'voucher';

    public static function fromLabel(string $label): self
    {
        return match ($label) {
            'Credit card' => self::Card,
            'Cash on delivery' => self::Cash,
            'Gift voucher' => self::Voucher,
        };
    }

    public function fee(): int
    {
        return match ($this) {
            self::Card => 30,
            self::Cash, self::Voucher => 0,
        };
    }
}""",
    ),
    "app/Factories/PaymentGatewayFactory.php": (
        "App\\Factories",
        """use App\\Services\\Payments\\{CashGateway, PaymentGateway, StripeGateway};

final class PaymentGatewayFactory
{
    public function __construct(private readonly string $stripeKey)
    {
    }

    public function forMethod(string $type): PaymentGateway
    {
        switch ($type) {
            case 'card':
                return new StripeGateway($this->stripeKey);
            case 'cash':
                return new CashGateway();
            case 'voucher':
                return new CashGateway();
        }
        throw new \\InvalidArgumentException("Unknown payment type {$type}");
    }
}""",
    ),
    "app/Services/Notifications.php": (
        "App\\Services",
        """final class Notifications
{
    public static function make(string $channel): Notifier
    {
        return match ($channel) {
            'mail' => new MailNotifier(),
            'sms' => new SmsNotifier(),
            'slack' => new SlackNotifier(),
        };
    }
}""",
    ),
    "app/Strategies/PercentageDiscount.php": (
        "App\\Strategies",
        """final class PercentageDiscount implements DiscountStrategy
{
    public function __construct(private readonly int $percent)
    {
    }

    public function apply(Money $total): Money
    {
        return new Money(intdiv($total->cents * (100 - $this->percent), 100));
    }
}""",
    ),
    "app/ValueObjects/DeliveryWindow.php": (
        "App\\ValueObjects",
        """final readonly class DeliveryWindow
{
    public function __construct(
        public \\DateTimeImmutable $from,
        public \\DateTimeImmutable $to,
    ) {
        if ($to <= $from) {
            throw new \\InvalidArgumentException('A delivery window must end after it starts.');
        }
    }

    public static function of(string $from, string $to): self
    {
        return new self(new \\DateTimeImmutable($from), new \\DateTimeImmutable($to));
    }

    public function contains(\\DateTimeImmutable $moment): bool
    {
        return $moment >= $this->from && $moment <= $this->to;
    }
}""",
    ),
    "app/Exceptions/PaymentDeclined.php": (
        "App\\Exceptions",
        """final class PaymentDeclined extends \\RuntimeException
{
    public static function because(string $reason): self
    {
        return new self("The payment was declined: {$reason}");
    }

    public function report(): bool
    {
        return false;
    }
}""",
    ),
    "app/Providers/PaymentServiceProvider.php": (
        "App\\Providers",
        """use App\\Factories\\PaymentGatewayFactory;
use Illuminate\\Support\\Facades\\Config;
use Illuminate\\Support\\ServiceProvider;

final class PaymentServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        $this->app->singleton(
            PaymentGatewayFactory::class,
            fn (): PaymentGatewayFactory => new PaymentGatewayFactory(
                (string) Config::get('services.stripe.key'),
            ),
        );
        $this->app->bind(HttpClient::class, fn (): HttpClient => new HttpClient(['timeout' => 5]));
    }
}""",
    ),
    "app/Models/Restaurant.php": (
        "App\\Models",
        """use Illuminate\\Database\\Eloquent\\Builder;
use Illuminate\\Database\\Eloquent\\Model;

class Restaurant extends Model
{
    protected $fillable = ['name', 'is_open'];

    public static function openNow(): Builder
    {
        return static::query()->where('is_open', true)->where('opens_at', '<=', now());
    }

    public function scopeNamed(Builder $query, string $name): Builder
    {
        return $query->where('name', $name);
    }
}""",
    ),
    "database/seeders/MenuSeeder.php": (
        "Database\\Seeders",
        """use App\\Models\\MenuItem;
use Illuminate\\Database\\Seeder;
use Illuminate\\Support\\Facades\\DB;

final class MenuSeeder extends Seeder
{
    public function run(): void
    {
        DB::table('menu_items')->truncate();
        foreach (['Pizza', 'Pasta', 'Salad'] as $name) {
            MenuItem::create(['name' => $name, 'price_cents' => mt_rand(800, 1600)]);
        }
    }
}""",
    ),
}


@pytest.mark.parametrize("name", sorted(IDIOMS))
def test_idiomatic_code_gets_no_finding(analyze: Analyze, name: str) -> None:
    namespace, body = IDIOMS[name]

    result = analyze(HEADER.format(namespace=namespace) + body + "\n", name)

    problems = [f for f in result.findings if f.code not in PRAISE_CODES]
    assert [(f.code, f.location.line, f.message) for f in problems] == []


def test_an_anonymous_migration_gets_no_finding(analyze: Analyze) -> None:
    source = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('orders', function (Blueprint $table): void {
            $table->id();
            $table->string('status')->default('pending');
            $table->timestamps();
        });
    }

    public function down(): void
    {
        Schema::dropIfExists('orders');
    }
};
"""

    result = analyze(source, "database/migrations/2024_01_01_000000_create_orders_table.php")

    assert result.findings == ()
