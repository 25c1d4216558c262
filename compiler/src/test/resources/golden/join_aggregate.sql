SELECT c.region, count(*) AS orders, sum(o.amount) AS total, string_agg(c.name, ',' ORDER BY c.name) AS names
FROM orders o JOIN customers c ON o.customer = c.id
WHERE o.status <> 'cancelled'
GROUP BY c.region
