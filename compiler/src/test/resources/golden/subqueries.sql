SELECT c.name,
       (SELECT count(*) FROM orders o WHERE o.customer = c.id) AS orders
FROM customers c
WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer = c.id AND o.status = 'open')
  AND c.id NOT IN (SELECT customer FROM orders WHERE amount < 0)
