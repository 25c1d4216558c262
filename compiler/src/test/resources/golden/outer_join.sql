SELECT c.name, o.id, o.amount
FROM customers c LEFT JOIN orders o ON o.customer = c.id AND o.amount > 100
