<?php

declare(strict_types=1);

namespace App\Providers;

use App\Models\Order;
use App\Observers\OrderObserver;
use App\Repositories\EloquentOrderRepository;
use App\Repositories\OrderRepositoryInterface;
use App\Services\PaymentGateway;
use Illuminate\Support\ServiceProvider;

class AppServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        $this->app->bind(OrderRepositoryInterface::class, EloquentOrderRepository::class);
        $this->app->singleton(PaymentGateway::class, fn (): PaymentGateway => new PaymentGateway(
            (string) config('services.payments.key'),
        ));
    }

    public function boot(): void
    {
        Order::observe(OrderObserver::class);
    }
}
