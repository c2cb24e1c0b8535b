<?php

declare(strict_types=1);

namespace App\Infrastructure;

use App\Services\Clock;
use DateTimeImmutable;

final class SystemClock implements Clock
{
    public function now(): DateTimeImmutable
    {
        return new DateTimeImmutable();
    }
}
