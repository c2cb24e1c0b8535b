# expect: design:stubbed-interface@24
"""A read-only source forced to implement writing."""
from abc import ABC, abstractmethod


class DataSource(ABC):
    @abstractmethod
    def read(self, key):
        ...

    @abstractmethod
    def write(self, key, value):
        ...

    @abstractmethod
    def delete(self, key):
        ...

    @abstractmethod
    def keys(self):
        ...


class ReadOnlyHttpSource(DataSource):
    def __init__(self, client):
        self.client = client

    def read(self, key):
        return self.client.fetch(key)

    def write(self, key, value):
        raise NotImplementedError

    def delete(self, key):
        pass

    def keys(self):
        return self.client.fetch("index").split()


class MemorySource(DataSource):
    def __init__(self):
        self.data = {}

    def read(self, key):
        return self.data[key]

    def write(self, key, value):
        self.data[key] = value

    def delete(self, key):
        raise NotImplementedError("memory sources keep history")

    def keys(self):
        return list(self.data)
