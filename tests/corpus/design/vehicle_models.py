# expect: design:refused-bequest@19, design:incompatible-override@27, design:refused-bequest@30
"""Vehicles: a base class and some that do not fit it."""


class Vehicle:
    def __init__(self, name):
        self.name = name
        self.fuel = 0

    def refuel(self, litres):
        self.fuel += litres

    def drive(self, km):
        self.fuel -= km * 0.07
        return km


class ElectricCar(Vehicle):
    def refuel(self, litres):
        raise NotImplementedError("electric cars charge instead")

    def charge(self, kwh):
        self.fuel += kwh


class Bicycle(Vehicle):
    def drive(self, km, rider):
        return km

    def refuel(self, litres):
        pass
