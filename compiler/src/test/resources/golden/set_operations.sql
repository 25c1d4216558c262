SELECT customer FROM orders WHERE status = 'open'
INTERSECT
SELECT id FROM customers
UNION
SELECT customer FROM orders WHERE amount > 1000
