"""HTTP routes of the orders API."""
import base64
import pickle

from orders_api import auth, db, pricing
from orders_api.delivery_time import estimate_minutes
from orders_api.orders import status_label
from orders_api.repositories import MenuRepository, RestaurantRepository
from orders_api.services import OrderService
from orders_api.web import App, request

app = App("orders_api")
_service = None


def get_service():
    global _service
    if _service is None:
        _service = OrderService()
    return _service


@app.route("/restaurants")
def list_restaurants():
    repo = RestaurantRepository()
    cuisine = request.args.get("cuisine")
    if cuisine:
        return [r.__dict__ for r in repo.find_by_cuisine(cuisine)]
    return [r.__dict__ for r in repo.list_all()]


@app.route("/restaurants/search")
def search_restaurants():
    repo = RestaurantRepository()
    return [r.__dict__ for r in repo.find_by_name(request.args["q"])]


@app.route("/restaurants/<restaurant_id>/menu")
def restaurant_menu(restaurant_id):
    repo = MenuRepository()
    items = repo.for_restaurant(restaurant_id, request.args.get("sort", "name"))
    return [i.__dict__ for i in items]


@app.route("/orders", methods=["POST"])
def create_order():
    body = request.json
    result = get_service().place_order(
        body["email"], body["restaurant_id"], body["items"],
        body.get("coupon"), body.get("payment_type", "card"),
    )
    if result == None:
        return {"error": "could not place order"}, 500
    return result, 201


@app.route("/orders/<order_id>")
def get_order(order_id):
    order = get_service().get_order(order_id)
    data = order.to_dict()
    data["status_label"] = status_label(order.status)
    return data


@app.route("/orders/<order_id>/status", methods=["POST"])
def update_order_status(order_id):
    order = get_service().update_status(order_id, request.json["status"])
    return order.to_dict()


@app.route("/orders/<order_id>/eta")
def order_eta(order_id):
    rows = db.query("SELECT r.address, o.restaurant_id FROM orders o JOIN restaurants r "
                    "ON r.id = o.restaurant_id WHERE o.id = " + order_id)
    return {"minutes": estimate_minutes(rows[0]["address"], rows[0]["restaurant_id"], 1)}


@app.route("/cart/import", methods=["POST"])
def import_cart():
    cart = pickle.loads(base64.b64decode(request.json["cart"]))
    return {"items": len(cart)}


@app.route("/login", methods=["POST"])
def login():
    token = auth.login(request.json["email"], request.json["password"])
    if not token:
        return {"error": "invalid credentials"}, 401
    return {"token": token}


@app.route("/admin/promo-preview", methods=["POST"])
def promo_preview():
    user = auth.current_user(request.headers.get("X-Token"))
    auth.require_admin(user)
    subtotal = float(request.json["subtotal"])
    return {"price": pricing.apply_promo_formula(request.json["formula"], subtotal)}


if __name__ == "__main__":
    db.init_db()
    app.run(host="0.0.0.0", port=8000)
