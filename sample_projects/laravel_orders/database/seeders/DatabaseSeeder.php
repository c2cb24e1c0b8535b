<?php

declare(strict_types=1);

namespace Database\Seeders;

use App\Models\CuisineType;
use App\Models\MenuItem;
use App\Models\Restaurant;
use Illuminate\Database\Eloquent\Model;
use Illuminate\Database\Seeder;

class DatabaseSeeder extends Seeder
{
    public function run(): void
    {
        Model::unguard();

        foreach (['Italian', 'Japanese', 'Mexican'] as $name) {
            $cuisine = CuisineType::create(['name' => $name, 'slug' => strtolower($name)]);
            $restaurant = Restaurant::create([
                'name' => "$name Corner",
                'cuisine_type_id' => $cuisine->id,
                'address' => mt_rand(1, 200) . ' Main Street',
                'is_open' => true,
            ]);
            MenuItem::create(['restaurant_id' => $restaurant->id, 'name' => 'Special', 'price' => 12.5]);
        }

        Model::reguard();
    }
}
