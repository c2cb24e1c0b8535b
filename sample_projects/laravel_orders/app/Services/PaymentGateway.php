<?php

declare(strict_types=1);

namespace App\Services;

class PaymentGateway
{
    public function __construct(private readonly string $apiKey)
    {
    }

    public function charge(int $customerId, float $amount): string
    {
        return hash_hmac('sha256', $customerId . ':' . $amount, $this->apiKey);
    }
}
