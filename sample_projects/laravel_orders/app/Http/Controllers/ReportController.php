<?php

declare(strict_types=1);

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Http\Response;

class ReportController extends Controller
{
    public function export(Request $request): Response
    {
        $restaurantId = $request->input('restaurant_id');
        $output = shell_exec("php artisan report:orders --restaurant=$restaurantId");

        return response($output, 200, ['Content-Type' => 'text/csv']);
    }

    public function restoreFilters(Request $request): Response
    {
        $filters = unserialize($request->cookie('report_filters'));

        return response(json_encode($filters));
    }
}
