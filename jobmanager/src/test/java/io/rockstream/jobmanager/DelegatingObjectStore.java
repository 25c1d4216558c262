package io.rockstream.jobmanager;

import io.rockstream.statebackend.objectstore.ObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** For tests: an object store that passes every call to another; subclasses change some. */
class DelegatingObjectStore implements ObjectStore {
    private final ObjectStore target;

    DelegatingObjectStore(ObjectStore target) {
        this.target = target;
    }

    @Override
    public void put(String key, byte[] data) {
        target.put(key, data);
    }

    @Override
    public void putFile(String key, Path file) {
        target.putFile(key, file);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        return target.putIfAbsent(key, data);
    }

    @Override
    public byte[] get(String key) {
        return target.get(key);
    }

    @Override
    public Optional<byte[]> find(String key) {
        return target.find(key);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        return target.getRange(key, offset, length);
    }

    @Override
    public void getFile(String key, Path file) {
        target.getFile(key, file);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return target.list(prefix);
    }

    @Override
    public void delete(String key) {
        target.delete(key);
    }

    @Override
    public String location() {
        return target.location();
    }

    @Override
    public void close() {
        target.close();
    }
}
