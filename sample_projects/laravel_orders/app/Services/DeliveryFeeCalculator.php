<?php

declare(strict_types=1);

namespace App\Services;

class DeliveryFeeCalculator
{
    public function fee($distanceKm, $vehicleType, $isRaining, $isWeekend, $basketTotal, $couponCode)
    {
        $fee = 2.5;
        if ($vehicleType === 'bike') {
            $fee += $distanceKm * 0.5;
        } elseif ($vehicleType === 'scooter') {
            $fee += $distanceKm * 0.8;
        } elseif ($vehicleType === 'car') {
            $fee += $distanceKm * 1.2;
        } elseif ($vehicleType === 'drone') {
            $fee += 10;
        }
        if ($isRaining && $vehicleType !== 'car') {
            $fee += 1.5;
        }
        if ($isWeekend || date('N') >= 6) {
            $fee += 1;
        }
        if ($basketTotal > 50 && $couponCode !== null) {
            $fee = 0;
        } elseif ($basketTotal > 30 || $couponCode === 'FREEDEL') {
            $fee = $fee / 2;
        }

        return $fee;
    }
}
