SELECT customer, count(*) AS orders, sum(amount) AS total, avg(amount) AS mean, min(placed) AS first_order,
       max(placed) AS last_order, count(DISTINCT status) AS statuses
FROM orders GROUP BY customer
