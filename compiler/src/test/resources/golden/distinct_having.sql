SELECT DISTINCT region FROM customers c
WHERE id IN (SELECT customer FROM orders GROUP BY customer HAVING sum(amount) > 500)
