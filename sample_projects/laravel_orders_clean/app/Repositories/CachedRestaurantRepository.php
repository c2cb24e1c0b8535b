<?php

declare(strict_types=1);

namespace App\Repositories;

use App\Repositories\Contracts\RestaurantRepository;
use Illuminate\Contracts\Cache\Repository as Cache;
use Illuminate\Support\Collection;

final class CachedRestaurantRepository implements RestaurantRepository
{
    private const TTL_SECONDS = 600;

    public function __construct(
        private readonly RestaurantRepository $inner,
        private readonly Cache $cache,
    ) {
    }

    public function open(): Collection
    {
        return $this->cache->remember(
            'restaurants:open',
            self::TTL_SECONDS,
            fn (): Collection => $this->inner->open(),
        );
    }
}
