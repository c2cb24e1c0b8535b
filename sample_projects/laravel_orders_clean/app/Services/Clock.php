<?php

declare(strict_types=1);

namespace App\Services;

use DateTimeImmutable;

interface Clock
{
    public function now(): DateTimeImmutable;
}
