package io.hablocks.ipvs.admin;

import io.hablocks.ipvs.IpvsSchedulers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kernel's service table kept in memory (no traffic): for tests and dry runs. */
public final class MemoryIpvsTable implements IpvsTable {

  private final Map<Service, List<Dest>> table = new LinkedHashMap<>();

  private Service find(Service s) {
    for (Service k : table.keySet()) {
      if (k.sameKey(s)) {
        return k;
      }
    }
    return null;
  }

  @Override
  public synchronized void addService(Service s) throws TableException {
    if (find(s) != null) {
      throw new TableException(Errno.EEXIST);
    }
    if (!IpvsSchedulers.names().contains(s.scheduler())) {
      throw new TableException(Errno.ENOENT);
    }
    table.put(s, new ArrayList<>());
  }

  @Override
  public synchronized void editService(Service s) throws TableException {
    Service k = find(s);
    if (k == null) {
      throw new TableException(Errno.ESRCH);
    }
    if (!IpvsSchedulers.names().contains(s.scheduler())) {
      throw new TableException(Errno.ENOENT);
    }
    List<Dest> d = table.remove(k);
    table.put(s, d);
  }

  @Override
  public synchronized void deleteService(Service s) throws TableException {
    Service k = find(s);
    if (k == null) {
      throw new TableException(Errno.ESRCH);
    }
    table.remove(k);
  }

  private List<Dest> destsOf(Service s) throws TableException {
    Service k = find(s);
    if (k == null) {
      throw new TableException(Errno.ESRCH);
    }
    return table.get(k);
  }

  private static int indexOf(List<Dest> l, Dest d) {
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i).address().equals(d.address()) && l.get(i).port() == d.port()) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public synchronized void addDest(Service s, Dest d) throws TableException {
    List<Dest> l = destsOf(s);
    if (indexOf(l, d) >= 0) {
      throw new TableException(Errno.EEXIST);
    }
    l.add(0, d);
  }

  @Override
  public synchronized void editDest(Service s, Dest d) throws TableException {
    List<Dest> l = destsOf(s);
    int i = indexOf(l, d);
    if (i < 0) {
      throw new TableException(Errno.ENOENT);
    }
    Dest old = l.get(i);
    l.set(i, new Dest(d.address(), d.port(), d.forward(), d.weight(), d.upper(), d.lower(),
        old.active(), old.inactive()));
  }

  @Override
  public synchronized void deleteDest(Service s, Dest d) throws TableException {
    List<Dest> l = destsOf(s);
    int i = indexOf(l, d);
    if (i < 0) {
      throw new TableException(Errno.ENOENT);
    }
    l.remove(i);
  }

  @Override
  public synchronized void clear() {
    table.clear();
  }

  @Override
  public synchronized List<Service> services() {
    return List.copyOf(table.keySet());
  }

  @Override
  public synchronized List<Dest> dests(Service s) {
    Service k = find(s);
    return k == null ? List.of() : List.copyOf(table.get(k));
  }
}
