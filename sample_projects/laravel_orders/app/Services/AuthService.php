<?php

declare(strict_types=1);

namespace App\Services;

use App\Models\User;

class AuthService
{
    public function register(string $name, string $email, string $password): User
    {
        return User::create([
            'name' => $name,
            'email' => $email,
            'password' => md5($password),
            'api_token' => uniqid('', true),
        ]);
    }

    public function passwordResetCode(): string
    {
        $code = mt_rand(100000, 999999);

        return (string) $code;
    }
}
