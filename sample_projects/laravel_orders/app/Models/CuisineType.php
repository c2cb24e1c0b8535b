<?php

declare(strict_types=1);

namespace App\Models;

use Illuminate\Database\Eloquent\Model;
use Illuminate\Database\Eloquent\Relations\HasMany;

class CuisineType extends Model
{
    public function restaurants(): HasMany
    {
        return $this->hasMany(Restaurant::class);
    }
}
