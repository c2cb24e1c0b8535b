# expect: design:deep-nesting@12, design:io-in-loop@21, design:deep-nesting@25, design:long-boolean-chain@70
"""Background jobs that pick, pack and ship paid orders."""

import logging

from shop.models import Order, Shipment

log = logging.getLogger(__name__)


def ship_paid_orders(warehouse, carrier):
    for order in Order.objects.filter(status="paid"):
        if order.address is not None:
            with warehouse.reserve(order.lines) as reservation:
                if reservation.complete:
                    try:
                        label = carrier.label(order.address, reservation.weight)
                    except carrier.Unavailable:
                        log.warning("carrier down for order %s", order.pk)
                        continue
                    Shipment.objects.create(order=order, label=label)


def restock(warehouse, deliveries):
    if warehouse.accepting:
        for delivery in deliveries:
            for line in delivery.lines:
                if line.quantity > 0:
                    warehouse.add(line.sku, line.quantity)


def pack(order):
    for line in order.lines:
        if line.fragile:
            with order.box() as box:
                box.wrap(line)
        elif line.cold:
            box = order.cool_box()
            box.add(line)
        else:
            order.bag().add(line)


def priority(order):
    if order.express:
        return 1
    elif order.customer.tier == "gold":
        return 2
    elif order.total > 500:
        return 3
    elif order.customer.tier == "silver":
        for line in order.lines:
            if line.preorder:
                return 5
    return 4


def notify(orders, mailer):
    def send(order):
        if order.email:
            for parcel in order.parcels:
                if parcel.tracking:
                    mailer.send(order.email, parcel.tracking)

    for order in orders:
        send(order)


def should_hold(order):
    if order.flagged or order.total > 5000 and not order.customer.verified or order.address.country in {"XX"} or order.chargebacks > 2:
        return True
    return False
