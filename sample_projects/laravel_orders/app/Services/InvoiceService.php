<?php

declare(strict_types=1);

namespace App\Services;

use App\Models\Order;

class InvoiceService
{
    public function render(Order $order): string
    {
        $lines = [];
        $lines[] = 'INVOICE';
        $lines[] = '=======';
        $lines[] = 'Order: ' . $order->id;
        $lines[] = 'Date: ' . $order->created_at->format('Y-m-d');
        $lines[] = '';
        $restaurant = $order->restaurant;
        $lines[] = 'Restaurant: ' . $restaurant->name;
        $lines[] = 'Address: ' . $restaurant->address;
        $lines[] = '';
        $customer = $order->customer;
        $lines[] = 'Customer: ' . $customer->name;
        $lines[] = 'E-mail: ' . $customer->email;
        $lines[] = '';
        $lines[] = str_pad('Item', 30) . str_pad('Qty', 5) . str_pad('Price', 10);
        $lines[] = str_repeat('-', 45);
        $subtotal = 0.0;
        foreach ($order->items as $item) {
            $name = $item->menuItem->name;
            $quantity = $item->quantity;
            $price = $item->unit_price;
            $lineTotal = $quantity * $price;
            $subtotal += $lineTotal;
            $lines[] = str_pad($name, 30) . str_pad((string) $quantity, 5) . number_format($lineTotal, 2);
        }
        $lines[] = str_repeat('-', 45);
        $deliveryFee = $order->delivery_fee ?? 0.0;
        $serviceFee = round($subtotal * 0.05, 2);
        $discount = $order->discount ?? 0.0;
        $taxable = $subtotal + $serviceFee - $discount;
        $taxRate = 0.21;
        $tax = round($taxable * $taxRate, 2);
        $total = $taxable + $tax + $deliveryFee;
        $lines[] = str_pad('Subtotal', 35) . number_format($subtotal, 2);
        $lines[] = str_pad('Service fee', 35) . number_format($serviceFee, 2);
        $lines[] = str_pad('Discount', 35) . number_format(-$discount, 2);
        $lines[] = str_pad('Delivery', 35) . number_format($deliveryFee, 2);
        $lines[] = str_pad('VAT 21%', 35) . number_format($tax, 2);
        $lines[] = str_repeat('=', 45);
        $lines[] = str_pad('TOTAL', 35) . number_format($total, 2);
        $lines[] = '';
        $lines[] = 'Payment reference: ' . ($order->payment_reference ?? 'unpaid');
        $lines[] = 'Status: ' . $order->status;
        $lines[] = '';
        $lines[] = 'Thank you for ordering with us.';
        $lines[] = 'Questions? Write to support@example.com';
        $body = implode("\n", $lines);
        $width = 45;
        $border = str_repeat('*', $width);
        $header = $border . "\n";
        $footer = "\n" . $border;
        $invoice = $header . $body . $footer;

        return $invoice;
    }
}
