<?php

declare(strict_types=1);

namespace App\Providers;

use App\Infrastructure\SystemClock;
use App\Models\Order;
use App\Observers\OrderObserver;
use App\Repositories\CachedRestaurantRepository;
use App\Repositories\Contracts\MenuItemRepository;
use App\Repositories\Contracts\OrderRepository;
use App\Repositories\Contracts\RestaurantRepository;
use App\Repositories\Eloquent\EloquentMenuItemRepository;
use App\Repositories\Eloquent\EloquentOrderRepository;
use App\Repositories\Eloquent\EloquentRestaurantRepository;
use App\Services\Clock;
use Illuminate\Contracts\Cache\Repository as Cache;
use Illuminate\Contracts\Foundation\Application;
use Illuminate\Support\ServiceProvider;

final class AppServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        $this->app->bind(OrderRepository::class, EloquentOrderRepository::class);
        $this->app->bind(MenuItemRepository::class, EloquentMenuItemRepository::class);
        $this->app->singleton(Clock::class, SystemClock::class);
        $this->app->singleton(
            RestaurantRepository::class,
            fn (Application $app): RestaurantRepository => new CachedRestaurantRepository(
                new EloquentRestaurantRepository(),
                $app->make(Cache::class),
            ),
        );
    }

    public function boot(): void
    {
        Order::observe(OrderObserver::class);
    }
}
